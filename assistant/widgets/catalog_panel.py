"""The side panel: tables, columns with their roles, relations; selecting a column inserts it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static, Tree

from assistant.widgets.plain import plain
from catalog.semantic import SemanticModel


def column_label(name: str, role: str, unit: str | None) -> str:
    return f"{name} · {role}" + (f" ({unit})" if unit else "")


class CatalogPanel(Vertical):
    """The data catalog as a tree."""

    class ColumnChosen(Message):
        """A column was selected: `words` go into the question."""

        def __init__(self, words: str) -> None:
            super().__init__()
            self.words = words

    def __init__(self, model: SemanticModel, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model = model

    def compose(self) -> ComposeResult:
        yield Static("Data", classes="panel-title")
        yield Tree[str]("tables", id="catalog-tree")

    def on_mount(self) -> None:
        self.show(self.model)

    def show(self, model: SemanticModel) -> None:
        """Fill the tree from a semantic model."""
        self.model = model
        tree = self.query_one(Tree)
        tree.clear()
        tree.show_root = False
        for table in model.tables.values():
            node = tree.root.add(
                Text(plain(f"{table.name} ({table.row_count:,} rows)")), expand=len(model.tables) == 1
            )
            for column in table.columns.values():
                node.add_leaf(
                    Text(plain(column_label(column.name, column.role.value, column.unit))),
                    data=column.words or column.name,
                )
        if model.relations:
            relations = tree.root.add("relations")
            for r in model.relations:
                relations.add_leaf(Text(plain(f"{r.table}.{r.column} → {r.ref_table}.{r.ref_column}")))

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data:
            self.post_message(self.ColumnChosen(event.node.data))
