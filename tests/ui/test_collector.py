import gc

from dzlearn.ui.collector import MainThreadCollector


def test_automatic_collection_is_off_while_running_and_restored_after(qapp):
    assert gc.isenabled() is False  # the autouse fixture runs one for every UI test
    outer = gc.isenabled()
    collector = MainThreadCollector()
    collector.start()
    assert not gc.isenabled()
    collector.stop()
    assert gc.isenabled() is outer


def test_collect_frees_cycles_on_this_thread(qapp):
    class Node:
        pass

    collector = MainThreadCollector()
    for _ in range(5000):  # plenty of cyclic garbage, past the first threshold
        a, b = Node(), Node()
        a.other, b.other = b, a
    before = gc.get_count()[0]
    collector.collect()
    assert gc.get_count()[0] < before
