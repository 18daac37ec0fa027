"""The llm engine: instructor over any OpenAI-compatible endpoint.

It gives the model the rules engine's candidates, asks it to attribute them, and grounds every
text it returns in the article. ``engine.extract`` is the entry point; openai and instructor are
imported only when it runs.
"""
