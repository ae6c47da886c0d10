"""Bounded reads of users' files."""

import pytest

from pancarte.files import NotRegularFile, TooLarge, read_limited


def test_reads_a_small_file(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"abc")
    assert read_limited(tmp_path / "a.txt", 3) == b"abc"


def test_refuses_past_the_limit_and_endless_devices(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"abcd")
    with pytest.raises(TooLarge):
        read_limited(tmp_path / "a.txt", 3)
    with pytest.raises(NotRegularFile):  # a device is not read at all
        read_limited("/dev/zero", 1000)


def test_a_folder_is_an_os_error(tmp_path):
    with pytest.raises(IsADirectoryError):
        read_limited(tmp_path, 10)
