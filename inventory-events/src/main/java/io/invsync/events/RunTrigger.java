package io.invsync.events;

public enum RunTrigger { SCHEDULED, MANUAL, PUSH, FILE }
