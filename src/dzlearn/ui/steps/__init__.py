"""One view per kind of lesson step; the lesson screen hosts whichever the step needs."""
