from enum import StrEnum


class MjSpeedFastTurbo(StrEnum):
    FAST = "fast"
    TURBO = "turbo"

    def __str__(self) -> str:
        return str(self.value)
