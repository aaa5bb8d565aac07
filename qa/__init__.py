"""arqa: question answering over a collection of Arabic articles, by quoting them with citations."""
from .answer import Answer, Result
from .engine import Engine, QuestionError, build_index, clean_question
from .index import IndexError_ as IndexError_
from .load import CorpusError

__all__ = ["Answer", "CorpusError", "Engine", "IndexError_", "QuestionError", "Result", "build_index", "clean_question"]
__version__ = "0.1.0"
