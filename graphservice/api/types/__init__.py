"""GraphQL object types. Each wraps one domain record and its work; ``from_record`` builds it."""
