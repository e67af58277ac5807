"""Query filters of the collections: FilterSets per resource, spatial
parameters, and the backend that refuses unknown parameters."""
