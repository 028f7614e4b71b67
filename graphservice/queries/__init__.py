"""Pure query functions over a loaded work: no GraphQL, no HTTP."""
