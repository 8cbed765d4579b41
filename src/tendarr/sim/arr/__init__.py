"""Code shared by the Sonarr and Radarr simulators: auth, paging, commands, history, webhooks."""
