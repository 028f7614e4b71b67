"""The query root's fields, by family; :mod:`graphservice.api.query` joins them into ``Query``."""
