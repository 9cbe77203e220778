from enum import StrEnum


class ImageGenerationTaskObject(StrEnum):
    IMAGE_GENERATION_TASK = "image.generation.task"

    def __str__(self) -> str:
        return str(self.value)
