from enum import StrEnum


class DoubaoSeedream50ProLayerizeRequestOutputFormat(StrEnum):
    JPEG = "jpeg"
    PNG = "png"

    def __str__(self) -> str:
        return str(self.value)
