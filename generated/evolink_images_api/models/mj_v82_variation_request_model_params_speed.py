from enum import StrEnum


class MjV82VariationRequestModelParamsSpeed(StrEnum):
    FAST = "fast"

    def __str__(self) -> str:
        return str(self.value)
