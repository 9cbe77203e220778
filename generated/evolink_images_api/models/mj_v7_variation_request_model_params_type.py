from enum import StrEnum


class MjV7VariationRequestModelParamsType(StrEnum):
    STRONG = "strong"
    SUBTLE = "subtle"

    def __str__(self) -> str:
        return str(self.value)
