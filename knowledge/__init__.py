"""护薪 knowledge: cards, document ingestion, versioned hybrid (FAISS + BM25) index, cited answers.

Nothing heavy is imported here: the embedding model and indexes load lazily on first use.
"""
