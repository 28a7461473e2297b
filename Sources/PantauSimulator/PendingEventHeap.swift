import PantauCore

/// Every remaining event of every open ticket, earliest first (`PendingEvent.precedes`).
typealias PendingEventHeap = QuaternaryHeap<PendingEvent>
