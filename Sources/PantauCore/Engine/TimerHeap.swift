/// The engine's timers, earliest first (`TimerEntry.precedes`).
typealias TimerHeap = QuaternaryHeap<TimerEntry>
