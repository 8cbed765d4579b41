"""VIPER: velocity-aware episode retention, as a pure decision engine.

Per viewer and show: a position in one continuous episode order (``order``), a robust
velocity (``velocity``), a bubble of episodes kept around the position (``bubble``); per
show: each episode kept (and by whom, and why), deletable (unmonitored, with a plan to
bring it back before a slower viewer needs it) or due for a redownload (``decide``).
Settings and their defaults are in ``config``. No clock is read: ``now`` is an argument.
See ``docs/viper.md``.
"""
