"""Symmetric encryption for secrets stored in the database, keyed by the secret key."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken


class SecretBox:
    """Encrypt and decrypt short secrets (API keys, vendor tokens) at rest."""

    def __init__(self, secret_key: str) -> None:
        derived = hashlib.sha256(b"tendarr-secretbox:" + secret_key.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(derived))

    def seal(self, plaintext: str) -> str:
        """Return the ciphertext of ``plaintext``."""
        return self._fernet.encrypt(plaintext.encode()).decode()

    def open(self, ciphertext: str) -> str | None:
        """Return the plaintext, or None when the key changed and it cannot be read."""
        try:
            return self._fernet.decrypt(ciphertext.encode()).decode()
        except InvalidToken:
            return None
