from enum import StrEnum


class MjV7RequestModelParamsSpeed(StrEnum):
    DRAFT = "draft"
    FAST = "fast"
    TURBO = "turbo"

    def __str__(self) -> str:
        return str(self.value)
