"""A stateful, strict emulator of the MOBOTIX MOVE NVR HTTP API, for tests.

    from move_nvr_emulator import Fleet
    with Fleet(count=3) as fleet:
        fleet.ports, fleet.nvrs[0].url, fleet.nvrs[0].stats()

See docs/emulator.md.
"""

from .cipher import decrypt, encrypt
from .factory import NvrOptions
from .server import Fleet, NvrServer
from .state import Nvr

__all__ = ["Fleet", "Nvr", "NvrOptions", "NvrServer", "decrypt", "encrypt"]
