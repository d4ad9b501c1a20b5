"""Fairness corpus of the API checkers: correct answers (full marks) and wrong ones (each names the
criterion it must lose), written the way the popular sources and real engineers write them.

- :mod:`shortener` - URL shortener contracts for ``check_shortener_contract``;
- :mod:`news_feed` - news feed contracts for ``check_contract(..., "news_feed")``;
- :mod:`key_service` - key-generation service protocols for ``check_key_service``;
- :mod:`openapi` - contracts with a part the OpenAPI export must leave out, for ``check_openapi``.

``python tests/corpus/api/rates.py`` prints the rates; ``tests/test_api_corpus.py`` asserts them.
"""
