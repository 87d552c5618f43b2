"""Sign in with Inaproc (OpenID Connect) with identities linked by `sub` and claim mappings."""
