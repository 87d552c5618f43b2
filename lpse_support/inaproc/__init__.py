"""Sign in with Inaproc: the OpenID Connect client, identities linked by `sub`, claim mappings."""
