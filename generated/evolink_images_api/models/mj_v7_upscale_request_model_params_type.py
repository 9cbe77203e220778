from enum import StrEnum


class MjV7UpscaleRequestModelParamsType(StrEnum):
    CREATIVE = "creative"
    STANDARD = "standard"

    def __str__(self) -> str:
        return str(self.value)
