__version__ = "0.1.0"

# The one hand-written file of the package (nbdev only updates the version line above): the shipped models are one
# attribute away without importing torch on `import salnas`.
_LAZY = ('pretrained', 'pretrained_path', 'pretrained_names', 'open_model', 'write_model_card')

def __getattr__(name):
    if name in _LAZY:
        from . import models
        return getattr(models, name)
    raise AttributeError(f"module 'salnas' has no attribute {name!r}")
