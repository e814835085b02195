"""Where every file of a site goes: output layouts, links between notes, adoption of existing translations."""
