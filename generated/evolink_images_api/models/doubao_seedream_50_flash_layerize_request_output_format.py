from enum import StrEnum


class DoubaoSeedream50FlashLayerizeRequestOutputFormat(StrEnum):
    JPEG = "jpeg"
    PNG = "png"

    def __str__(self) -> str:
        return str(self.value)
