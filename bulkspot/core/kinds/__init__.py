"""The API's resources, declared as data (`bulkspot.core.spec`), one module a family: each
module lists its kinds in `SPECS` (parents first) and may say where it comes among the
families (`REGISTRY_PLACE`); `bulkspot.core.resources` gathers and registers them. A kind
carries all that is said of it (`SheetSpec`: aliases, column docs, planner, export columns),
and these modules import nothing but `core.spec` and each other: the registry and the
planners import them, never the other way."""
