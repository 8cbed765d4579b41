"""What the Sonarr and Radarr integrations share: the API v3 client and common payloads."""
