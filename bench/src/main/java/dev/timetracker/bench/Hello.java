package dev.timetracker.bench;
public final class Hello { public static void main(String[] a) { System.out.println("HELLO " + String.join(",", a)); } }
