from enum import StrEnum


class MjV82RequestQuality(StrEnum):
    HD = "hd"
    STANDARD = "standard"

    def __str__(self) -> str:
        return str(self.value)
