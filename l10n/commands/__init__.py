"""Click commands of the ``l10n`` command line that live in their own modules (registered in ``l10n.cli``)."""
