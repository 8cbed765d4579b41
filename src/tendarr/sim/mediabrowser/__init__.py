"""What Jellyfin and Emby share: the BaseItemDto model, user data, auth and server state.

Jellyfin forked from Emby, so both speak the same item, user-data and library-options
shapes; the vendor packages add their own routes, auth header and error bodies.
"""
