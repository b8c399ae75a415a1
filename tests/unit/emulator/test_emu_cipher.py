"""The password cipher against the hand-checked vectors of api-notes.md."""

import pytest

from move_nvr_emulator import cipher

VECTORS = [("1234", "GtBcsw=="), ("123456", "GtBcs92K"), ("123qwe", "GtBc9p/Z"), ("dynacolor620", "T5sB5ovTjF6sEPCj")]


@pytest.mark.parametrize("plain,wire", VECTORS)
def test_vectors(plain, wire):
    assert cipher.encrypt(plain) == wire
    assert cipher.decrypt(wire) == plain


@pytest.mark.parametrize("plain", ["", "a", "x" * 15, "y" * 16, "z" * 17, "Pässwörd-€", "ab!#$%&'-.@^_~" * 5])
def test_round_trip(plain):
    assert cipher.decrypt(cipher.encrypt(plain)) == plain


def test_matches_library_ctr():
    from Crypto.Cipher import AES  # pylint: disable=import-outside-toplevel
    import base64  # pylint: disable=import-outside-toplevel
    data = "a fairly long password spanning blocks 0123456789"
    ref = AES.new(cipher.KEY, AES.MODE_CTR, nonce=b"", initial_value=0).encrypt(data.encode())
    assert cipher.encrypt(data) == base64.b64encode(ref).decode()


@pytest.mark.parametrize("bad", ["not base64!", "GtB", "////////", 5])
def test_decrypt_rejects(bad):
    with pytest.raises(cipher.CipherError):
        cipher.decrypt(bad)


def test_plaintext_sent_as_is_is_not_accepted_as_encrypted():
    # "1234" is valid base64 but decrypts to bytes that are not printable text.
    with pytest.raises(cipher.CipherError):
        cipher.decrypt("1234")
