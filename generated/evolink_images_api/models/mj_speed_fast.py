from enum import StrEnum


class MjSpeedFast(StrEnum):
    FAST = "fast"

    def __str__(self) -> str:
        return str(self.value)
