"""The commands of the ``l10n`` command line, one module each (``<command>.py`` defines the click
command ``<command>``); :mod:`l10n.cli` imports a module only when its command is used."""
