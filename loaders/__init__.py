"""Loaders: read one Vietnamese policy document into a typed record (see `loaders.models`)."""
