from enum import StrEnum


class MjV82RequestModelParamsSpeed(StrEnum):
    DRAFT = "draft"
    FAST = "fast"

    def __str__(self) -> str:
        return str(self.value)
