from enum import StrEnum


class GeminiNanoBanana21RequestModelParamsThinkingLevel(StrEnum):
    AUTO = "auto"
    HIGH = "high"
    MEDIUM = "medium"
    MIN = "min"

    def __str__(self) -> str:
        return str(self.value)
