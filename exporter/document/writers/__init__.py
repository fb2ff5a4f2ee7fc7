"""Writers: the document model -> Markdown, HTML, PDF."""
