"""Speech: decoding audio, transcribing answers and reading questions aloud."""
