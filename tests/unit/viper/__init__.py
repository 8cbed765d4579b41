"""VIPER: the velocity-aware episode retention engine (pure domain)."""
