from enum import StrEnum


class TaskDetailObject(StrEnum):
    AUDIO_GENERATION_TASK = "audio.generation.task"
    IMAGE_GENERATION_TASK = "image.generation.task"
    VIDEO_GENERATION_TASK = "video.generation.task"

    def __str__(self) -> str:
        return str(self.value)
