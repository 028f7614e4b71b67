"""The GraphQL layer: the only package that imports strawberry. Thin: parse, call a query, map."""
