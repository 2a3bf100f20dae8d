"""The domain: articles, themes, passages and the project. Pure Python, no Qt."""
