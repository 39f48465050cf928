"""Reading articles: one reader per input kind (plain text, saved web pages, Markdown), each returning a
RawArticle; `readers.read` picks the reader by file type. Readers never modify seeds/."""
