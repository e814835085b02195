"""Run bookkeeping on disk: the cache database, segmentation cache, stage stamps and the project lock."""
