"""The API's resources, declared as data (`bulkspot.core.spec`), one module a family;
`bulkspot.core.resources` registers them."""
