"""Reading Markdown notes: dialects, segmentation, the document model, front matter, and what a translation must keep."""
