"""What Jellyfin and Emby share: the BaseItemDto model, its parsing and library traversal.

Jellyfin forked from Emby, so both speak the same item model; the vendor packages differ
only in routes, casing and the authorization header.
"""
