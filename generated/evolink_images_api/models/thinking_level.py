from enum import StrEnum


class ThinkingLevel(StrEnum):
    AUTO = "auto"
    HIGH = "high"
    MIN = "min"

    def __str__(self) -> str:
        return str(self.value)
