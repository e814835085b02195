"""``python -m l10n.cli``: the command line, as the ``l10n`` script runs it."""

from l10n.cli import main

if __name__ == "__main__":
    main()
